import FacteurCLI
import Glibc

exit(Facteur.main(Array(CommandLine.arguments.dropFirst())))
