"""Project configuration: settings from the environment, ASGI entry point, root URLs."""
