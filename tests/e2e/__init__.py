"""End-to-end tests: real Daphne processes and real WebSocket clients (see conftest.py)."""
