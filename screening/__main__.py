from screening.cli import console

console()
