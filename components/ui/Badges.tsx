const STYLE = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium";

export function Badges({ verified, official }: { verified: boolean; official: boolean }) {
  return (
    <>
      {official && (
        <span className={`${STYLE} bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200`}>Official</span>
      )}
      {verified && (
        <span
          className={`${STYLE} bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200`}
          title="Verified publisher"
        >
          ✓ Verified publisher
        </span>
      )}
    </>
  );
}
