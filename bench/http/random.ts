/** Seeded randomness for the HTTP bench's generator: the same seed gives the same catalog. */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Low indexes far more often than high ones (skew 1 is uniform). */
  skewed<T>(items: readonly T[], skew?: number): T;
  chance(p: number): boolean;
}

/** sfc32, seeded through splitmix32 so that nearby seeds give unrelated streams. */
export function seeded(seed: number): Random {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let [a, b, c, d] = [split(), split(), split(), split()];
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    skewed: (items, skew = 2.5) => items[Math.floor(items.length * next() ** skew)]!,
    chance: (p) => next() < p,
  };
}
