from gembakit.cli import run

run()
