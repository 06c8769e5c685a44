"""`python -m bench` (and `make bench`): runs every benchmark in turn.

bench.clicks measures the short link alone (SQLite), with more requests a round.
"""
from . import indicators, lighthouse, page_weight, plan, site

BENCHMARKS = [page_weight.main, lambda: lighthouse.main([]), site.main, indicators.main, plan.main]


def main() -> None:
    for benchmark in BENCHMARKS:
        benchmark()


if __name__ == "__main__":
    main()
