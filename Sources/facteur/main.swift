import CFacteurLinux
import FacteurCLI
import Glibc

// Invoices with attachments need buffers of several MB; without this, handing them back to the
// kernel after each file and faulting them in again costs more than parsing. Peak memory is
// unchanged: it stays bounded by the largest file being processed.
_ = facteur_keep_heap(64 << 20, 128 << 20)

exit(Facteur.main(Array(CommandLine.arguments.dropFirst())))
