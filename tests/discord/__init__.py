"""A fake Discord REST API and a harness that drives a real discord.py client against it."""
