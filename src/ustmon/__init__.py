"""ustmon: monitor the US Treasury market from official public data."""

__version__ = "0.1.0"
