"""netralitas: records of ASN neutrality violations in Indonesian elections."""

__version__ = "0.1.0"
