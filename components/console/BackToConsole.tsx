import Link from "next/link";

/** The way back to the console's list, above its inner pages. */
export function BackToConsole() {
  return (
    <p className="text-sm">
      <Link href="/console" className="text-sky-700 hover:underline dark:text-sky-400">
        ← Console
      </Link>
    </p>
  );
}
