declare module 'talisman/metrics/jaro-winkler' {
  /** Jaro-Winkler similarity of two sequences, from 0 to 1. */
  export default function jaroWinkler(a: string | string[], b: string | string[]): number;
}
