/** The console's form controls, in the look of the gallery's search box and buttons. */
export const INPUT =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-sky-700 dark:focus:border-sky-400 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-950";
export const PRIMARY_BUTTON =
  "rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus:ring-2 focus:ring-sky-500/50 disabled:opacity-60";
export const SECONDARY_BUTTON =
  "rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 focus:ring-2 focus:ring-sky-500/50 disabled:opacity-60 dark:border-slate-600 dark:hover:bg-slate-800";
export const CARD = "rounded-lg border border-slate-200 p-4 dark:border-slate-800";
export const FIELD_ERROR = "text-sm text-red-700 dark:text-red-400";
/** A bordered list of rows, as cards in the gallery are bordered. */
export const LIST_CARD =
  "divide-y divide-slate-200 rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-800";
