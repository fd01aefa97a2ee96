/** The admin page's control styles, shared by its server-rendered fields and its client form. */
export const INPUT =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm focus:border-sky-700 dark:focus:border-sky-400 dark:border-slate-700 dark:bg-slate-950";
export const BUTTON =
  "rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus:ring-2 focus:ring-sky-500/50 disabled:opacity-60";
export const QUIET_BUTTON =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800";
