import type { ReactNode } from "react";
import { NOTATION_NOT_VERIFIED, signatureVerification, type AttachmentSummary, type CertificateIdentity, type Verification } from "@/lib/attachments";
import type { CosignTrust } from "@/lib/attachments/trust.server";
import type { StoredAttachment } from "@/lib/catalog/attachments";
import { formatDate, plural } from "@/lib/presentation/format";
import { sbomDownloadHref } from "@/lib/presentation/hrefs";
import { Digest } from "./Digest";

/** Whose attachments a group shows: the tag's own manifest, or one platform inside its index. */
export interface AttachmentSubject {
  digest: string;
  label: string;
}

const CATEGORY_LABELS: Record<StoredAttachment["category"], string> = {
  signature: "Signature",
  sbom: "SBOM",
  attestation: "Attestation",
  "vulnerability-report": "Vulnerability report",
  other: "Artifact",
};

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "error", "warning", "note", "none", "unknown"];

/**
 * What is attached to the tag and to each of its platforms: signatures (and
 * whether one was verified, only where the operator configured a key),
 * SBOMs, attestations and vulnerability reports, as their documents state.
 */
export function AttachedSection({ subjects, attachments, trust }: { subjects: AttachmentSubject[]; attachments: StoredAttachment[]; trust: CosignTrust }) {
  const groups = subjects
    .map((subject) => ({ subject, attached: attachments.filter((a) => a.subjectDigest === subject.digest) }))
    .filter((group) => group.attached.length > 0);
  return (
    <section className="space-y-4" aria-labelledby="attached-heading" data-testid="attached">
      <h2 id="attached-heading" className="text-lg font-semibold">
        Attached
      </h2>
      {groups.length === 0 ? (
        <p className="text-slate-500">Nothing is attached to this tag: no signature, SBOM, attestation or report.</p>
      ) : (
        groups.map(({ subject, attached }) => (
          <div key={subject.digest} className="space-y-2" data-subject={subject.digest}>
            <h3 className="text-sm font-medium text-slate-600 dark:text-slate-400">
              {subject.label} <Digest digest={subject.digest} />
            </h3>
            <ul className="space-y-3">
              {attached.map((attachment) => (
                <li
                  key={`${attachment.id}`}
                  className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800"
                  data-testid="attachment"
                  data-category={attachment.category}
                >
                  <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                    <span className="font-semibold">{CATEGORY_LABELS[attachment.category]}</span>
                    <Digest digest={attachment.digest} />
                    {attachment.artifactType && <span className="break-all font-mono text-xs text-slate-500">{attachment.artifactType}</span>}
                    <span className="text-xs text-slate-500">pushed {formatDate(attachment.pushedAt)}</span>
                  </div>
                  <div className="mt-2 space-y-1">
                    <Summary attachment={attachment} subject={subject.digest} trust={trust} />
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}

function Field({ name, children }: { name: string; children: ReactNode }) {
  return (
    <p>
      <span className="text-slate-500">{name}: </span>
      <span className="break-words">{children}</span>
    </p>
  );
}

function Identity({ certificate }: { certificate: CertificateIdentity }) {
  return (
    <>
      <Field name="Signer identity (as its certificate states)">
        <span className="break-all font-mono text-xs" data-testid="signer-identity">{certificate.subject}</span>
      </Field>
      {certificate.issuer && (
        <Field name="OIDC issuer">
          <span className="break-all font-mono text-xs" data-testid="oidc-issuer">{certificate.issuer}</span>
        </Field>
      )}
    </>
  );
}

function VerificationNote({ verification, trust }: { verification: Verification; trust: CosignTrust }) {
  if (verification.state === "verified") {
    return (
      <p className="font-medium text-emerald-700 dark:text-emerald-400" data-testid="verification" data-state="verified">
        ✓ Verified with the configured key, over this image&apos;s digest
      </p>
    );
  }
  const text =
    verification.state === "failed"
      ? `Verification failed: ${verification.reason}`
      : `Signature present, not verified (${verification.reason}${trust.error ? `; ${trust.error}` : ""})`;
  return (
    <p className={verification.state === "failed" ? "font-medium text-red-700 dark:text-red-400" : "text-slate-600 dark:text-slate-400"} data-testid="verification" data-state={verification.state}>
      {text}
    </p>
  );
}

function Summary({ attachment, subject, trust }: { attachment: StoredAttachment; subject: string; trust: CosignTrust }) {
  const summary: AttachmentSummary = attachment.summary;
  switch (summary.kind) {
    case "cosign-signature":
      return summary.signatures.map((signature, i) => (
        <div key={i} className="space-y-1">
          <p>cosign signature{signature.certificate ? " (keyless, with a signing certificate)" : " (signed with a key)"}</p>
          {signature.certificate && <Identity certificate={signature.certificate} />}
          <VerificationNote verification={signatureVerification(signature, subject, trust.key)} trust={trust} />
        </div>
      ));
    case "notation-signature":
      return (
        <>
          <p>Notation signature ({summary.envelope.toUpperCase()} envelope)</p>
          {summary.signer && <Field name="Signer certificate subject (not verified)">{summary.signer}</Field>}
          <VerificationNote verification={NOTATION_NOT_VERIFIED} trust={trust} />
        </>
      );
    case "sbom":
      return (
        <>
          <Field name="Format">
            {summary.format}
            {summary.attested && " (in an in-toto attestation)"}
          </Field>
          {summary.tool && <Field name="Tool">{summary.tool}</Field>}
          <Field name="Packages">{plural(summary.packageCount, "package")}</Field>
          {summary.packages.length > 0 && (
            <ul className="ml-4 list-disc font-mono text-xs" aria-label="First packages">
              {summary.packages.map((p, i) => (
                <li key={i}>
                  {p.name}
                  {p.version && ` ${p.version}`}
                </li>
              ))}
            </ul>
          )}
          {attachment.downloadable && (
            <p>
              <a href={sbomDownloadHref(attachment.id)} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="sbom-download">
                Download the SBOM
              </a>
            </p>
          )}
        </>
      );
    case "attestation":
      return (
        <>
          <Field name="Predicate type">
            <span className="break-all font-mono text-xs">{summary.predicateType}</span>
          </Field>
          {summary.builder && <Field name="Builder">{summary.builder}</Field>}
          {summary.source && <Field name="Source repository">{summary.source}</Field>}
          {summary.certificate && <Identity certificate={summary.certificate} />}
        </>
      );
    case "vulnerability-report": {
      const counts = Object.entries(summary.counts).sort(
        ([a], [b]) => (SEVERITY_ORDER.indexOf(a) + 1 || 99) - (SEVERITY_ORDER.indexOf(b) + 1 || 99),
      );
      return (
        <>
          <Field name="Format">{summary.format}</Field>
          {summary.scanner && <Field name="Scanner">{summary.scanner}</Field>}
          {summary.date && <Field name="Date">{summary.date}</Field>}
          <Field name={summary.format === "OpenVEX" ? "Statements by status" : "Findings by severity"}>
            <span data-testid="severity-counts">
              {counts.length === 0 ? "none" : counts.map(([severity, count]) => `${count} ${severity}`).join(", ")}
            </span>
          </Field>
        </>
      );
    }
    case "other":
      return <p className="text-slate-500">An artifact of a kind Galleon does not read.</p>;
  }
}
