"""`python -m bench` (and `make bench`): runs every benchmark in turn."""
from . import clicks, page_weight

BENCHMARKS = [page_weight.main, clicks.main]


def main() -> None:
    for benchmark in BENCHMARKS:
        benchmark()


if __name__ == "__main__":
    main()
