export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-500 dark:border-slate-800">
      Galleon — a public gallery for container images
    </footer>
  );
}
