import FacteurModel

/// The states of an accepted invoice (lifecycle.md, "Statuses"), with their Chorus Pro id and
/// reform code: one state machine, two vocabularies.
public enum LifecycleState: String, Sendable, CaseIterable {
    case deposee = "DEPOSEE"
    case enCoursAcheminement = "EN_COURS_ACHEMINEMENT"
    case miseADisposition = "MISE_A_DISPOSITION"
    case aRecycler = "A_RECYCLER"
    case rejetee = "REJETEE"
    case suspendue = "SUSPENDUE"
    case serviceFait = "SERVICE_FAIT"
    case mandatee = "MANDATEE"
    case miseADispositionComptable = "MISE_A_DISPOSITION_COMPTABLE"
    case comptabilisee = "COMPTABILISEE"
    case miseEnPaiement = "MISE_EN_PAIEMENT"
    case completee = "COMPLETEE"

    /// The Chorus Pro status id (`IdStatut` of `CPPStatut`), 1 to 12.
    public var chorusId: Int {
        switch self {
        case .deposee: 1
        case .enCoursAcheminement: 2
        case .miseADisposition: 3
        case .aRecycler: 4
        case .rejetee: 5
        case .suspendue: 6
        case .serviceFait: 7
        case .mandatee: 8
        case .miseADispositionComptable: 9
        case .comptabilisee: 10
        case .miseEnPaiement: 11
        case .completee: 12
        }
    }

    /// The reform status code of the CDAR message a change to this state is told with.
    public var reformCode: Int {
        switch self {
        case .deposee: 200
        case .enCoursAcheminement: 201
        case .miseADisposition: 203
        case .aRecycler: 221
        case .rejetee: 210
        case .suspendue: 208
        case .serviceFait: 204
        case .mandatee, .miseADispositionComptable, .comptabilisee: 205
        case .miseEnPaiement: 211
        case .completee: 209
        }
    }

    public init?(chorusId: Int) {
        guard let state = Self.allCases.first(where: { $0.chorusId == chorusId }) else { return nil }
        self = state
    }

    /// The place on the recipient's way forward: service done, mandated, with the accountant,
    /// accounted, paid. Steps may be skipped, never taken backwards. Delivery and completion are
    /// the start of the way (0); the other states are off it.
    var forwardStep: Int? {
        switch self {
        case .miseADisposition, .completee: 0
        case .serviceFait: 1
        case .mandatee: 2
        case .miseADispositionComptable: 3
        case .comptabilisee: 4
        case .miseEnPaiement: 5
        default: nil
        }
    }
}

/// Who asks for a change: the platform itself, a receiver connection (the public recipient, or its
/// accountant), or the emitter connection that deposited the invoice.
public enum LifecycleActor: Sendable, Hashable, CustomStringConvertible {
    case platform
    case recipient(connection: String)
    case supplier(connection: String)

    /// As the history records it: `platform`, `recipient:<connection>`, `supplier:<connection>`.
    public var description: String {
        switch self {
        case .platform: "platform"
        case .recipient(let connection): "recipient:\(connection)"
        case .supplier(let connection): "supplier:\(connection)"
        }
    }
}

/// A status a recipient sends for an invoice: a reform code (CDAR) or a Chorus Pro id
/// (`CPPStatut`), with what may come with it.
public struct StatusRequest: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        /// A reform status code (CDAR `ProcessConditionCode`).
        case reform(Int)
        /// A Chorus Pro status id (`CPPStatut` `IdStatut`).
        case chorus(Int)
    }

    /// An amount given with a status (CDAR `SpecifiedDocumentCharacteristic`): its type (`MEN`,
    /// `MPA`, …), the amount, and the VAT rate it applies to.
    public struct Amount: Sendable, Hashable {
        public var type: String
        public var value: ExactDecimal
        public var vatRate: ExactDecimal?

        public init(type: String, value: ExactDecimal, vatRate: ExactDecimal? = nil) {
            self.type = type
            self.value = value
            self.vatRate = vatRate
        }
    }

    public var status: Status
    /// The reason codes (CDAR `ReasonCode`), in order.
    public var reasons: [String] = []
    /// The free comment (CDAR `Reason` text or note, `CPPStatut` `Commentaire`).
    public var comment: String?
    /// The mandate number (`CPPStatut` `IdMandatDP`).
    public var mandate: String?
    public var amounts: [Amount] = []

    public init(status: Status, reasons: [String] = [], comment: String? = nil, mandate: String? = nil, amounts: [Amount] = []) {
        self.status = status
        self.reasons = reasons
        self.comment = comment
        self.mandate = mandate
        self.amounts = amounts
    }

    /// As reports print it: `CDAR 210`, `CPPStatut 05`.
    public var statusDescription: String {
        switch status {
        case .reform(let code): "CDAR \(code)"
        case .chorus(let id): "CPPStatut \(zeroPadded(id, 2))"
        }
    }
}

/// A change the state machine allows: the state after it (the same state for a status that only
/// informs), the reform code the change is told with, and the reasons it records.
public struct LifecycleChange: Sendable, Hashable {
    public var state: LifecycleState
    public var reformCode: Int
    public var reasons: [String]
}

/// A status line refused, with Facteur's reason code (README, "Receiver flows") and a message for
/// the recipient's operators.
public struct LifecycleRefusal: Error, Sendable, Hashable {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// No accepted invoice has this number for this seller (and platform id, when given).
    public static let unknownInvoice = "FACTURE_INC"
    /// The receiver connection does not serve the invoice's recipient.
    public static let wrongConnection = "CONNEXION_ERR"
    /// A status code outside the lifecycle.
    public static let unknownStatus = "STATUT_INC"
    /// A status the actor may not set (the platform's own, the supplier's completion).
    public static let reservedStatus = "STATUT_RESERVE"
    /// The invoice's state does not allow this status.
    public static let illegalTransition = "TRANSITION_ERR"
    /// The status requires a reason (or a comment, in `CPPStatut`) and has none.
    public static let missingReason = "MOTIF_ABSENT"
    /// A reason code outside the status's closed list.
    public static let unknownReason = "MOTIF_INC"
    /// A comment longer than 2,000 characters (refused, not cut).
    public static let commentTooLong = "COMMENTAIRE_LONG"
    /// Status 212 without an amount cashed (`MEN`) with its VAT rate.
    public static let missingAmount = "MONTANT_ABSENT"
    /// The status line itself cannot be read: no invoice number, no seller.
    public static let unreadableLine = "LIGNE_ERR"
}

/// The state machine of lifecycle.md, in one place: which statuses each actor may set from which
/// state, the reasons each status requires and allows, and the comment limit.
public enum Lifecycle {
    /// Comments longer than this are refused (lifecycle.md: "at most 2,000 characters").
    public static let maximumCommentLength = 2000

    /// The closed reason lists (BR-FR-CDV-CL-09; public recipients may also use the B2G refusal
    /// reasons of 210).
    public static let reasons: [Int: Set<String>] = [
        210: ["TX_TVA_ERR", "MONTANTTOTAL_ERR", "CALCUL_ERR", "NON_CONFORME", "DOUBLON", "DEST_ERR", "TRANSAC_INC", "EMMET_INC",
              "CONTRAT_TERM", "DOUBLE_FACT", "CMD_ERR", "ADR_ERR", "REF_CT_ABSENT",
              "RETRAIT_MAN_SERV", "ST_CT_NON_DECLAR", "SUPPR_COMP_AVOIR", "TRANSF_PMNT_REGIE", "CONTACT_ACHTR", "AUTRE",
              "COORD_BANC_ERR", "LIVR_INCOMP"],
        208: ["JUSTIF_ABS", "COORD_BANC_ERR", "CMD_ERR", "SIRET_ERR", "CODE_ROUTAGE_ERR", "REF_CT_ABSENT", "REF_ERR"],
        207: ["AUTRE", "COORD_BANC_ERR", "TX_TVA_ERR", "MONTANTTOTAL_ERR", "CALCUL_ERR", "NON_CONFORME", "DOUBLON", "DEST_INC",
              "DEST_ERR", "TRANSAC_INC", "EMMET_INC", "CONTRAT_TERM", "DOUBLE_FACT", "CMD_ERR", "ADR_ERR", "SIRET_ERR",
              "CODE_ROUTAGE_ERR", "REF_CT_ABSENT", "REF_ERR", "PU_ERR", "REM_ERR", "QTE_ERR", "ART_ERR", "MODPAI_ERR",
              "QUALITE_ERR", "LIVR_INCOMP"],
        206: ["AUTRE", "CMD_ERR", "SIRET_ERR", "CODE_ROUTAGE_ERR", "REF_CT_ABSENT", "REF_ERR", "PU_ERR", "REM_ERR", "QTE_ERR",
              "ART_ERR", "MODPAI_ERR", "QUALITE_ERR", "LIVR_INCOMP"],
        221: ["ROUTAGE_ERR"],
    ]

    /// The statuses whose reason is mandatory.
    public static let reasonRequired: Set<Int> = [206, 207, 208, 210]

    /// Reform codes with no Chorus Pro state: recorded and forwarded, the state left as it is.
    public static let informativeCodes: Set<Int> = [206, 207, 212, 214, 224, 225, 226, 227, 228]

    /// The reform code a recipient sets a state with, in CDAR. 205 (approved) is MANDATEE: the
    /// finer approval states (09, 10) are Chorus Pro's only.
    static let recipientStates: [Int: LifecycleState] = [
        204: .serviceFait, 205: .mandatee, 208: .suspendue, 210: .rejetee, 211: .miseEnPaiement, 221: .aRecycler,
    ]

    /// The Chorus Pro statuses that need a comment (lifecycle.md), and the reform reason their
    /// CDAR carries, `CPPStatut` having no reason codes: 04 routing error, 05 other (a public
    /// recipient's refusal), 06 missing supporting document (the suspension Chorus Pro knows).
    static let chorusReasons: [LifecycleState: String] = [.aRecycler: "ROUTAGE_ERR", .rejetee: "AUTRE", .suspendue: "JUSTIF_ABS"]

    /// The states from which a recipient may set A_RECYCLER, REJETEE, SUSPENDUE, or move forward.
    static func recipientMayAct(from state: LifecycleState) -> Bool {
        state.forwardStep.map { $0 < 5 } ?? false
    }

    /// The states in which an informative status is accepted: delivered, and still with the
    /// recipient (not sent back for recycling, not refused).
    static func mayInform(in state: LifecycleState) -> Bool {
        state.forwardStep != nil || state == .suspendue
    }

    /// What a recipient's status does to an invoice in `current`: the change, or why it is refused.
    public static func recipientChange(_ request: StatusRequest, from current: LifecycleState) -> Result<LifecycleChange, LifecycleRefusal> {
        if let comment = request.comment, comment.count > maximumCommentLength {
            return .failure(.init(LifecycleRefusal.commentTooLong,
                                  "the comment has \(comment.count) characters: at most \(maximumCommentLength) are allowed (it is refused, not cut)"))
        }
        switch request.status {
        case .reform(let code): return reformChange(code, request, from: current)
        case .chorus(let id): return chorusChange(id, request, from: current)
        }
    }

    private static func reformChange(_ code: Int, _ request: StatusRequest, from current: LifecycleState) -> Result<LifecycleChange, LifecycleRefusal> {
        let target: LifecycleState?
        if let state = recipientStates[code] {
            target = state
        } else if informativeCodes.contains(code) {
            target = nil
        } else if [200, 201, 202, 203, 213, 501].contains(code) {
            return .failure(.init(LifecycleRefusal.reservedStatus, "status \(code) is the platform's own: a recipient may not send it"))
        } else if code == 209 {
            return .failure(.init(LifecycleRefusal.reservedStatus,
                                  "status 209 (completed) comes from the supplier's re-deposit of the suspended invoice: a recipient may not send it"))
        } else {
            return .failure(.init(LifecycleRefusal.unknownStatus,
                                  "status \(code) is not a status of the invoice lifecycle (expected 204 to 212, 214, 221 or 224 to 228)"))
        }
        var reasons = request.reasons
        if code == 221, reasons.isEmpty { reasons = ["ROUTAGE_ERR"] }
        if reasonRequired.contains(code), reasons.isEmpty {
            let list = Self.reasons(for: code)
            return .failure(.init(LifecycleRefusal.missingReason, "status \(code) requires a reason code (one of \(list))"))
        }
        if let allowed = Self.reasons[code], let bad = reasons.first(where: { !allowed.contains($0) }) {
            return .failure(.init(LifecycleRefusal.unknownReason,
                                  "reason '\(bad)' is not allowed with status \(code): expected one of \(Self.reasons(for: code))"))
        }
        if code == 212, !request.amounts.contains(where: { $0.type == "MEN" && $0.vatRate != nil }) {
            return .failure(.init(LifecycleRefusal.missingAmount, "status 212 (cashed) requires the amount cashed (MEN) with its VAT rate"))
        }
        guard let target else {
            guard mayInform(in: current) else {
                return .failure(.init(LifecycleRefusal.illegalTransition,
                                      "status \(code) is accepted once the invoice is delivered and with its recipient; it is \(current.rawValue)"))
            }
            return .success(LifecycleChange(state: current, reformCode: code, reasons: reasons))
        }
        return transition(to: target, reformCode: code, reasons: reasons, from: current, told: "status \(code)")
    }

    private static func chorusChange(_ id: Int, _ request: StatusRequest, from current: LifecycleState) -> Result<LifecycleChange, LifecycleRefusal> {
        let told = "Chorus Pro status \(zeroPadded(id, 2))"
        guard let target = LifecycleState(chorusId: id) else {
            return .failure(.init(LifecycleRefusal.unknownStatus, "\(told) is not a status of the invoice lifecycle (expected 04 to 11)"))
        }
        switch target {
        case .deposee, .enCoursAcheminement, .miseADisposition:
            return .failure(.init(LifecycleRefusal.reservedStatus, "\(told) (\(target.rawValue)) is the platform's own: a recipient may not send it"))
        case .completee:
            return .failure(.init(LifecycleRefusal.reservedStatus,
                                  "\(told) (COMPLETEE) comes from the supplier's re-deposit of the suspended invoice: a recipient may not send it"))
        default: break
        }
        var reasons: [String] = []
        if let reason = chorusReasons[target] {
            guard let comment = request.comment, !comment.allSatisfy(\.isWhitespace) else {
                return .failure(.init(LifecycleRefusal.missingReason, "\(told) (\(target.rawValue)) requires a comment (Commentaire) saying why"))
            }
            reasons = [reason]
        }
        return transition(to: target, reformCode: target.reformCode, reasons: reasons, from: current, told: told)
    }

    private static func transition(to target: LifecycleState, reformCode: Int, reasons: [String], from current: LifecycleState,
                                   told: String) -> Result<LifecycleChange, LifecycleRefusal> {
        let change = LifecycleChange(state: target, reformCode: reformCode, reasons: reasons)
        guard recipientMayAct(from: current) else {
            let why = switch current {
            case .rejetee: "a refused invoice is closed"
            case .miseEnPaiement: "the payment ends the recipient's part"
            case .aRecycler: "the invoice waits for the supplier to deposit it again with corrected routing"
            case .suspendue: "the invoice waits for the supplier to complete it"
            default: "the invoice is not delivered yet"
            }
            return .failure(.init(LifecycleRefusal.illegalTransition, "\(told) (\(target.rawValue)) is not allowed from \(current.rawValue): \(why)"))
        }
        if let step = target.forwardStep, let now = current.forwardStep, step <= now {
            return .failure(.init(LifecycleRefusal.illegalTransition,
                                  "\(told) (\(target.rawValue)) is not allowed from \(current.rawValue): steps are never taken backwards"))
        }
        return .success(change)
    }

    /// A status's closed list, sorted, for messages.
    static func reasons(for code: Int) -> String {
        (reasons[code] ?? []).sorted().joined(separator: " ")
    }

    /// What a supplier's re-deposit of an accepted invoice (same seller, number and year) does:
    /// recycle it from A_RECYCLER, complete it from SUSPENDUE; anything else is a duplicate.
    public enum Redeposit: Sendable, Hashable {
        case recycle
        case complete
    }

    public static func redeposit(of current: LifecycleState) -> Redeposit? {
        switch current {
        case .aRecycler: .recycle
        case .suspendue: .complete
        default: nil
        }
    }
}
