"""Pytest configuration: hypothesis profiles and shared fixtures."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import govdisclosure as gd

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def sample() -> gd.AnnualReport:
    """The 祥云镇 2020 sample report (a fresh copy per test)."""
    from support import sample_report

    report: gd.AnnualReport = sample_report()
    return report
