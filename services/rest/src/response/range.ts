// Content-Range and the 200 / 206 / 416 status of reads and calls, as PostgREST computes them.
export function contentRange(lower: number, upper: number, total: number | null): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
  return `${range}/${total === null ? '*' : total}`;
}

export function rangeStatus(lower: number, pageTotal: number, total: number | null): number {
  if (total === null) return 200;
  if (lower > total) return 416;
  if (pageTotal < total) return 206;
  return 200;
}
