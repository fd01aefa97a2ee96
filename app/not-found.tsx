import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found", robots: { index: false } };

/** One page for every name the public cannot see, private or never created. */
export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="mt-2 text-slate-500">There is no public repository or publisher at this address.</p>
      <Link href="/" className="mt-6 inline-block text-sky-700 hover:underline dark:text-sky-400">
        Back to the gallery
      </Link>
    </div>
  );
}
