"""End-to-end tests against real services (a mosquitto broker)."""
