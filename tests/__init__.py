"""Tests of the Service Hall integration."""
