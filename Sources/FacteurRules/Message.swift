/// What a failed test says, written by string interpolation straight into one byte buffer: the
/// literal pieces are copied as they are, each value once. A `String` interpolation grows and
/// re-checks its storage piece by piece, which cost more than the test itself for the French rules'
/// messages (a VAT rate finding quotes the whole list of rates); a message is then joined to what
/// it speaks of into the finding's text with one more copy (`text(after:)`).
struct Message: ExpressibleByStringInterpolation, Sendable {
    private(set) var bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    init(stringLiteral literal: StaticString) {
        var interpolation = StringInterpolation(literalCapacity: literal.utf8CodeUnitCount, interpolationCount: 0)
        interpolation.appendLiteral(literal)
        bytes = interpolation.bytes
    }

    init(stringInterpolation: StringInterpolation) {
        bytes = stringInterpolation.bytes
    }

    /// `"\(subject) \(self)"`, its bytes copied once into a string of the right size.
    func text(after subject: String) -> String {
        var subject = subject
        return subject.withUTF8 { head in
            bytes.withUnsafeBufferPointer { tail in
                String(unsafeUninitializedCapacity: head.count + 1 + tail.count) { buffer in
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[..<head.count]).initialize(from: head)
                    buffer[head.count] = 0x20
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[(head.count + 1)...]).initialize(from: tail)
                    return buffer.count
                }
            }
        }
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var bytes: [UInt8] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            // Values quoted in messages are mostly codes and short amounts.
            bytes.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func appendInterpolation(_ value: String) {
            // A native string lends its bytes; any other is made contiguous once.
            if value.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
                var value = value
                value.withUTF8 { bytes.append(contentsOf: $0) }
            }
        }

        mutating func appendInterpolation(_ value: Substring) {
            appendInterpolation(String(value))
        }

        mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            appendInterpolation(value.description)
        }
    }
}
