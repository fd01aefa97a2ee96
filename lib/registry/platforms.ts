/**
 * The operating systems and architectures OCI image configs use (Go's GOOS
 * and GOARCH values, per the OCI image spec), so a filter naming anything
 * else can be refused as a mistake.
 */
export const OPERATING_SYSTEMS = [
  "aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux",
  "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows",
] as const;

export const ARCHITECTURES = [
  "386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle",
  "ppc64", "ppc64le", "riscv64", "s390x", "wasm",
] as const;
