"""Read, validate and link: playbook files in, a Handbook and its problems out.

Nothing here imports MkDocs, Jinja or click: the site, the tools and the command line build on it.
"""
