"""Use cases that change a game; each runs under the game's lock (see ``log.locked``)."""
