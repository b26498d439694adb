"""`python -m dwgk.bench deadlines [--count N] [--sample N] [--seed N]`

Computes a million due dates ("N working days after D", random D in 2004–2026, N from 1 to 20)
with `workdays.calendar`, checks a random sample against a plain day-by-day loop over
`chinese_calendar.is_workday`, which must agree exactly, and prints the time for the million,
the speed ratio per date against the loop and the memory of the calendar index.
Targets: ≥ 50× the loop, < 3 s for the million, index < 10 MB.

It reads the calendar from the configured database: run `dwgk migrate` first.
"""

import argparse
import gc
import random
import time
import tracemalloc
from datetime import date, timedelta


def loop_due(start: date, n: int) -> date:
    """The baseline: walk day by day, asking chinese_calendar about each day."""
    import chinese_calendar

    day, one = start, timedelta(days=1)
    while n:
        day += one
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dwgk.bench deadlines")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=20110519)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from workdays import calendar
    from workdays.models import CalendarYear

    if not CalendarYear.objects.filter(year__range=(2004, 2026)).exists():
        print(
            "数据库中没有日历，请先运行 dwgk migrate / no calendar in the database: run `dwgk migrate`"
        )
        return 1

    rng = random.Random(args.seed)
    first, last = date(2004, 1, 1).toordinal(), date(2026, 12, 31).toordinal()
    # chinese_calendar knows nothing after 2026: keep the checked sample's due dates inside it.
    cases = [
        (date.fromordinal(rng.randint(first, last - 60)), rng.randint(1, 20))
        for _ in range(args.count)
    ]

    calendar.invalidate()
    started = time.perf_counter()
    index = calendar.current_index()  # cold: also imports `holidays` and computes 2027–2099
    load_seconds = time.perf_counter() - started
    # The memory the index keeps: a second build, measured from before it to after it, while
    # the first is dropped (module imports and the provisional years' cache are already warm).
    calendar.invalidate()
    del index
    gc.collect()
    tracemalloc.start()
    before, _peak = tracemalloc.get_traced_memory()
    index = calendar.current_index()
    gc.collect()
    after, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    index_bytes = after - before

    # As timeit does, the collector is off while timing: a million live results would otherwise
    # be traversed again and again by a collection that can free nothing.
    add = calendar.add_workdays
    gc.disable()
    try:
        # Best of --repeat runs, as timeit reports: other processes on the machine only add time.
        engine_seconds, engine_cpu = float("inf"), 0.0
        for _ in range(args.repeat):
            dues = None
            started, started_cpu = time.perf_counter(), time.process_time()
            dues = [add(start, n) for start, n in cases]
            seconds = time.perf_counter() - started
            if seconds < engine_seconds:
                engine_seconds, engine_cpu = seconds, time.process_time() - started_cpu
        started = time.perf_counter()
        fast = [index.add_workdays(start, n).due for start, n in cases]
        index_seconds = time.perf_counter() - started
    finally:
        gc.enable()
    assert fast[:1000] == [d.due for d in dues[:1000]]
    del fast
    gc.enable()

    sample = rng.sample(range(args.count), min(args.sample, args.count))
    mismatches = []
    started = time.perf_counter()
    expected = [loop_due(*cases[i]) for i in sample]
    loop_seconds = time.perf_counter() - started
    for i, want in zip(sample, expected, strict=True):
        if dues[i].due != want:
            mismatches.append((cases[i], dues[i].due, want))

    started = time.perf_counter()
    explained = [len(dues[i].explain()) for i in sample]
    explain_seconds = time.perf_counter() - started

    # The same million with the collector on, for comparison (the results above are dropped).
    del dues
    gc.collect()
    started = time.perf_counter()
    with_gc = [add(start, n) for start, n in cases]
    with_gc_seconds = time.perf_counter() - started
    del with_gc

    per_engine = engine_seconds / args.count
    per_loop = loop_seconds / len(sample)
    rows = [
        ("due dates computed / 计算到期日数", f"{args.count:,}"),
        ("index build, cold / 建索引", f"{load_seconds * 1000:.0f} ms"),
        ("index memory (tracemalloc) / 索引内存", f"{index_bytes / 1e6:.2f} MB"),
        ("index memory (getsizeof) / 索引内存", f"{index.memory_bytes() / 1e6:.2f} MB"),
        (f"million via add_workdays(), best of {args.repeat} / 百万次", f"{engine_seconds:.3f} s"),
        ("  of which CPU time of this process / 其中本进程CPU时间", f"{engine_cpu:.3f} s"),
        ("million via index.add_workdays() / 百万次（直接索引）", f"{index_seconds:.3f} s"),
        ("million, collector on / 开启垃圾回收", f"{with_gc_seconds:.3f} s"),
        ("per date, engine / 每个", f"{per_engine * 1e6:.2f} µs"),
        ("per date, chinese_calendar loop / 逐日循环", f"{per_loop * 1e6:.2f} µs"),
        ("speed ratio / 速度倍数", f"{per_loop / per_engine:.0f}×"),
        ("explanation, per date / 说明每个", f"{explain_seconds / len(sample) * 1e6:.1f} µs"),
        ("sample checked / 抽样核对", f"{len(sample):,}"),
        ("mismatches / 不一致", f"{len(mismatches)}"),
    ]
    width = max(len(name) for name, _v in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    for (start, n), got, want in mismatches[:20]:
        print(f"MISMATCH {start} + {n}: engine {got}, chinese_calendar {want}")
    targets = [
        ("≥ 50× faster than the loop", per_loop / per_engine >= 50),
        ("< 3 s for the million", engine_seconds < 3),
        ("index < 10 MB", max(index_bytes, index.memory_bytes()) < 10e6),
        ("agrees with chinese_calendar", not mismatches),
    ]
    for name, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    assert sum(explained) > 0
    return 0 if all(ok for _n, ok in targets) else 1
