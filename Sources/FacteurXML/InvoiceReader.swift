import Glibc
import FacteurModel

/// Reads invoices: bytes (or a file) in, one EN 16931 `Invoice` out, whatever the syntax.
///
/// A document that cannot be read as an invoice throws a `ReadError` with a one-line reason; an
/// invoice that can be read is returned whatever it contains (the rules judge it).
public struct InvoiceReader: Sendable {
    public var limits: XMLLimits

    public init(limits: XMLLimits = .default) {
        self.limits = limits
    }

    /// Parses `bytes`, detects the syntax and runs `body` with the invoice and the root element
    /// (for checks on the tree itself). The tree is freed when `body` returns.
    public func withInvoice<R>(
        _ bytes: UnsafeRawBufferPointer, name: String = "input.xml",
        _ body: (Invoice, XMLNode) throws -> R
    ) throws -> R {
        try XMLParser.withDocument(bytes, name: name, limits: limits) { root in
            guard let syntax = Syntax(root: root) else {
                throw Self.unsupported(root)
            }
            // The readers fill the invoice the body borrows: one built and returned by a reader, or
            // assigned in each branch of a switch, was copied whole (3.6 KB) once more.
            let cursor = Cursor(root: root, name: syntax.rootName)
            var invoice = Invoice(syntax: syntax, location: cursor.location)
            switch syntax {
            case .ublInvoice: UBLReader(isCreditNote: false).read(cursor, into: &invoice)
            case .ublCreditNote: UBLReader(isCreditNote: true).read(cursor, into: &invoice)
            case .cii: CIIReader().read(cursor, into: &invoice)
            }
            return try body(invoice, root)
        }
    }

    /// Reads one invoice from bytes.
    public func read(_ bytes: UnsafeRawBufferPointer, name: String = "input.xml") throws -> Invoice {
        try withInvoice(bytes, name: name) { invoice, _ in invoice }
    }

    /// Reads one invoice from bytes.
    public func read(_ bytes: [UInt8], name: String = "input.xml") throws -> Invoice {
        try bytes.withUnsafeBytes { try read($0, name: name) }
    }

    /// Reads one invoice from a file.
    public func read(file path: String, followLinks: Bool = true) throws -> Invoice {
        let bytes = try InputFile.read(path, maxBytes: limits.maxBytes, followLinks: followLinks)
        return try read(bytes, name: path)
    }

    private static func unsupported(_ root: XMLNode) -> ReadError {
        let name = root.localName
        let found = root.namespaceURI.map { "'\(name)' in namespace '\($0)'" } ?? "'\(name)' without namespace"
        return ReadError(
            .unsupportedDocument,
            "unsupported document: root element \(found) at line \(root.line); expected a UBL 2.1 Invoice or CreditNote, or a CII D16B CrossIndustryInvoice",
            line: root.line)
    }
}

/// Reading a whole input file, refusing what is not a regular file and what is over the size limit
/// before reading it.
public enum InputFile {
    /// - Parameters:
    ///   - followLinks: when false, a symbolic link is refused instead of followed (the daemon never
    ///     follows links dropped in an inbox).
    public static func read(_ path: String, maxBytes: Int, followLinks: Bool = true) throws -> [UInt8] {
        var flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        if !followLinks { flags |= O_NOFOLLOW }
        let fd = open(path, flags)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP {
                throw ReadError(.notRegularFile, "'\(path)' is a symbolic link: only regular files are read")
            }
            throw ReadError(.ioError, "cannot open '\(path)': \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw ReadError(.ioError, "cannot stat '\(path)': \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let kind: String
            switch info.st_mode & S_IFMT {
            case S_IFDIR: kind = "a folder"
            case S_IFIFO: kind = "a FIFO"
            case S_IFSOCK: kind = "a socket"
            case S_IFCHR, S_IFBLK: kind = "a device"
            default: kind = "not a regular file"
            }
            throw ReadError(.notRegularFile, "'\(path)' is \(kind): only regular files are read")
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else {
            throw ReadError(.tooLarge, "file is \(size) bytes, over the limit of \(maxBytes) bytes")
        }
        // Read to end of file: the size may have changed since fstat, so ask for one byte more
        // than it said, and keep reading (never past the limit) while the file gives more.
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
            (count, failure) = readFully(fd, into: buffer)
        }
        while failure == 0, bytes.count > size {
            guard bytes.count <= maxBytes else {
                throw ReadError(.tooLarge, "file grew over the limit of \(maxBytes) bytes while being read")
            }
            var chunk = 0
            let more = [UInt8](unsafeUninitializedCapacity: 65_536) { buffer, count in
                (count, failure) = readFully(fd, into: buffer)
                chunk = count
            }
            if chunk == 0 { break }
            bytes += more
        }
        if failure != 0 {
            throw ReadError(.ioError, "cannot read '\(path)': \(String(cString: strerror(failure)))")
        }
        return bytes
    }

    /// Reads until the buffer is full or the file ends; returns the count and an errno (0 if none).
    private static func readFully(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>) -> (Int, Int32) {
        var count = 0
        while count < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
            if n < 0 {
                if errno == EINTR { continue }
                return (count, errno)
            }
            if n == 0 { break }
            count += n
        }
        return (count, 0)
    }
}
