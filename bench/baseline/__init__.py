"""The bare Channels baseline: one group per "game", every received frame group_sent to it.

The product is measured against this in the same run, on the same Daphne and the same
channel layer, so a figure of the product reads as "so many times the framework's own
cost" rather than as an absolute that changes with the box and its load.
"""
