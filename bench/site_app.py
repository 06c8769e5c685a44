"""The site as the benchmarks serve it: the real app, with the short-link and submission limits
raised so one load generator on one address measures the work, not the limiter's refusals.

SECRET_KEY is passed in explicitly (both workers share it): development's own default is not
applied when the app is built with overrides (see the report on app/config.py).
"""
import os

from app import create_app

app = create_app(CAMPAIGN_LINK_RATE_LIMIT="1000000 per minute", REPORT_SUBMIT_LIMIT="1000000 per minute",
                 SECRET_KEY=os.environ["BENCH_SECRET_KEY"])
