"""Mufakat: a classroom negotiation game on climate change, terrorism and migration.

``game.engine`` holds the pure rules; the rest of this package adapts them to Django:
models, services, consumers, views.
"""
