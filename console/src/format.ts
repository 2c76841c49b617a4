/** Dates and durations as officers read them (Beijing time). */
const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

export const fmtTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');

/** 2天3小时 / 45分钟. */
export function fmtDuration(seconds: number): string {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d}天${h ? `${h}小时` : ''}`;
  if (h) return `${h}小时${m ? `${m}分钟` : ''}`;
  return `${m}分钟`;
}

/** 剩余 2天3小时 / 已超期 5小时. */
export const fmtRemaining = (seconds: number) => (seconds >= 0 ? `剩余 ${fmtDuration(seconds)}` : `已超期 ${fmtDuration(seconds)}`);

export const secondsUntil = (iso: string, now = Date.now()) => Math.round((new Date(iso).getTime() - now) / 1000);

export const shortHash = (h: string | null | undefined) => (h ? `${h.slice(0, 12)}…` : '—');

export const fmtBytes = (n: number | null | undefined) => (n == null ? '—' : n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);

/** A yuan amount as the graph sends it (a decimal string, exact): grouped, never through a float. */
export function fmtAmount(yuan: string | null | undefined): string {
  if (yuan == null) return '—';
  const [whole, frac] = yuan.split('.');
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''} 元`;
}
