"""The printing tests' portfolio fixture, for the printing widgets."""

from tests.printing.conftest import filled  # noqa: F401 - a fixture
