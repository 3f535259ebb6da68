"""A local fake of the Slack Web API, request signing and recorded Slack payloads."""
