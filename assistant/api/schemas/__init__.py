"""The API's own pydantic models, split by role: what clients send, what they get back, the OpenAI wire format.

Coaching results themselves (PrepPack, RepPlan, SelfReply, CheckResult) are the package's schemas, the same
ones `coach ... --json` prints, so the CLI and the service cannot drift apart.
"""
