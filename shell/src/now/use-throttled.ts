import { useEffect, useRef, useState } from 'react';

/**
 * `value`, taken at most once per `ms` while it keeps changing: the first change after a quiet
 * spell shows at once, the ones that follow within `ms` come together at its end.
 */
export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(Number.NEGATIVE_INFINITY);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const take = () => {
      lastAt.current = Date.now();
      setShown(value);
    };
    const wait = lastAt.current + ms - Date.now();
    if (wait <= 0) return take();
    const timer = setTimeout(take, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
