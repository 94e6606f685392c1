"""mkdocs-macros entry point: registers Opsbook's functions for the hand-written pages in docs/."""

from opsbook.site.macros import register


def define_env(env):
    register(env)
