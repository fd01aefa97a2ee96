"use client";

import { useEffect, useState } from "react";

/** True once React has hydrated: controls answer clicks only from then on (tests wait for `data-ready`). */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
