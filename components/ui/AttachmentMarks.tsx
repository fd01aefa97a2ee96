const STYLE = "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium bg-indigo-100 text-indigo-900 dark:bg-indigo-900/40 dark:text-indigo-200";

/**
 * "Signed" and "SBOM": an image of the repository has a signature or an SBOM
 * attached. Presence only: whether a signature was verified is on its tag's page.
 */
export function AttachmentMarks({ signed, sbom }: { signed: boolean; sbom: boolean }) {
  return (
    <>
      {signed && (
        <span className={STYLE} title="A signature is attached to an image of this repository; its tag's page says whether it was verified" data-testid="mark-signed">
          Signed
        </span>
      )}
      {sbom && (
        <span className={STYLE} title="An SBOM (software bill of materials) is attached to an image of this repository" data-testid="mark-sbom">
          SBOM
        </span>
      )}
    </>
  );
}
