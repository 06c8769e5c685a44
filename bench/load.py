"""A bounded load generator: N requests from C threads, keep-alive where the server allows it."""
import http.client
import threading
import time
from collections import Counter

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def drive(port: int, path: str, requests: int, concurrency: int, timeout: float = 60.0) -> dict:
    """Sends exactly `requests` GETs (redirects are not followed); returns status counts, the rate
    and the 99th percentile time of a request in milliseconds."""
    remaining = [requests]
    lock = threading.Lock()
    statuses = Counter()
    errors = Counter()
    times: list[float] = []

    def take() -> bool:
        with lock:
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

    def worker():
        conn = None
        while take():
            for attempt in range(2):
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                    started = time.perf_counter()
                    conn.request("GET", path, headers={"User-Agent": BROWSER})
                    response = conn.getresponse()
                    response.read()
                    took = time.perf_counter() - started
                    with lock:
                        statuses[response.status] += 1
                        times.append(took)
                    if response.will_close:
                        conn.close()
                        conn = None
                    break
                except (OSError, http.client.HTTPException) as exc:
                    if conn is not None:
                        conn.close()
                    conn = None
                    if attempt == 1:
                        with lock:
                            errors[type(exc).__name__] += 1
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done = sum(statuses.values())
    return {"statuses": dict(statuses), "errors": dict(errors), "seconds": elapsed, "rate": done / elapsed,
            "p99": percentile(times, 0.99) * 1000}


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (0 for none)."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * fraction) - 1)] if ordered else 0.0
