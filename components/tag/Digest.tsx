import { shortDigest } from "@/lib/presentation/format";

/** A digest shortened to be recognised, whole in its title. */
export function Digest({ digest }: { digest: string }) {
  return (
    <code className="font-mono text-xs" title={digest}>
      {shortDigest(digest)}
    </code>
  );
}
