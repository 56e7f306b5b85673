@testable import FacteurFlow
import FacteurModel
import Testing

/// The state machine against lifecycle.md, its tables and transitions written out by hand here.
@Suite("Invoice lifecycle")
struct LifecycleTests {
    typealias State = LifecycleState

    @Test("each state has the Chorus Pro id and reform code of the statuses table")
    func vocabularies() {
        let table: [(State, Int, Int)] = [
            (.deposee, 1, 200), (.enCoursAcheminement, 2, 201), (.miseADisposition, 3, 203), (.aRecycler, 4, 221),
            (.rejetee, 5, 210), (.suspendue, 6, 208), (.serviceFait, 7, 204), (.mandatee, 8, 205),
            (.miseADispositionComptable, 9, 205), (.comptabilisee, 10, 205), (.miseEnPaiement, 11, 211), (.completee, 12, 209),
        ]
        #expect(table.count == State.allCases.count)
        for (state, id, code) in table {
            #expect(state.chorusId == id, "\(state)")
            #expect(state.reformCode == code, "\(state)")
            #expect(State(chorusId: id) == state)
        }
        #expect(State(chorusId: 0) == nil && State(chorusId: 13) == nil)
    }

    /// lifecycle.md, "Transitions": from MISE_A_DISPOSITION, SERVICE_FAIT, MANDATEE,
    /// MISE_A_DISPOSITION_COMPTABLE, COMPTABILISEE or COMPLETEE, a recipient may set A_RECYCLER,
    /// REJETEE, SUSPENDUE, or move forward (steps skipped, never backwards); nothing else.
    static let allowed: [State: Set<State>] = [
        .miseADisposition: [.aRecycler, .rejetee, .suspendue, .serviceFait, .mandatee, .miseADispositionComptable, .comptabilisee, .miseEnPaiement],
        .completee: [.aRecycler, .rejetee, .suspendue, .serviceFait, .mandatee, .miseADispositionComptable, .comptabilisee, .miseEnPaiement],
        .serviceFait: [.aRecycler, .rejetee, .suspendue, .mandatee, .miseADispositionComptable, .comptabilisee, .miseEnPaiement],
        .mandatee: [.aRecycler, .rejetee, .suspendue, .miseADispositionComptable, .comptabilisee, .miseEnPaiement],
        .miseADispositionComptable: [.aRecycler, .rejetee, .suspendue, .comptabilisee, .miseEnPaiement],
        .comptabilisee: [.aRecycler, .rejetee, .suspendue, .miseEnPaiement],
    ]

    @Test("Chorus Pro statuses 04 to 11: every allowed transition is taken, every other one refused")
    func chorusTransitions() {
        for current in State.allCases {
            for id in 4...11 {
                let target = State(chorusId: id)!
                let request = StatusRequest(status: .chorus(id), comment: "motif")
                let result = Lifecycle.recipientChange(request, from: current)
                if Self.allowed[current]?.contains(target) == true {
                    #expect(result == .success(LifecycleChange(
                        state: target, reformCode: target.reformCode,
                        reasons: [4: ["ROUTAGE_ERR"], 5: ["AUTRE"], 6: ["JUSTIF_ABS"]][id] ?? [])), "\(current) → \(target)")
                } else {
                    #expect(result.refusal == LifecycleRefusal.illegalTransition, "\(current) → \(target)")
                }
            }
        }
    }

    @Test("CDAR codes set the states of the mapping table, with the same transitions")
    func reformTransitions() {
        let codes: [Int: (State, [String])] = [
            204: (.serviceFait, []), 205: (.mandatee, []), 208: (.suspendue, ["JUSTIF_ABS"]), 210: (.rejetee, ["DOUBLE_FACT"]),
            211: (.miseEnPaiement, []), 221: (.aRecycler, ["ROUTAGE_ERR"]),
        ]
        for current in State.allCases {
            for (code, (target, reasons)) in codes {
                let result = Lifecycle.recipientChange(StatusRequest(status: .reform(code), reasons: reasons), from: current)
                if Self.allowed[current]?.contains(target) == true {
                    #expect(result == .success(LifecycleChange(state: target, reformCode: code, reasons: reasons)), "\(current) → \(code)")
                } else {
                    #expect(result.refusal == LifecycleRefusal.illegalTransition, "\(current) → \(code)")
                }
            }
        }
        // 221 without a reason is the routing error it means.
        #expect(Lifecycle.recipientChange(StatusRequest(status: .reform(221)), from: .miseADisposition)
                == .success(LifecycleChange(state: .aRecycler, reformCode: 221, reasons: ["ROUTAGE_ERR"])))
    }

    @Test("informative statuses are recorded without a change of state, once delivered and while with the recipient")
    func informativeStatuses() {
        let withRecipient: Set<State> = [.miseADisposition, .serviceFait, .mandatee, .miseADispositionComptable, .comptabilisee,
                                         .miseEnPaiement, .completee, .suspendue]
        let requests: [StatusRequest] = [
            StatusRequest(status: .reform(206), reasons: ["QTE_ERR"]),
            StatusRequest(status: .reform(207), reasons: ["PU_ERR"]),
            StatusRequest(status: .reform(212), amounts: [.init(type: "MEN", value: ExactDecimal(parsing: "1200.00")!, vatRate: ExactDecimal(parsing: "20")!)]),
            StatusRequest(status: .reform(214)),
            StatusRequest(status: .reform(228)),
        ]
        for current in State.allCases {
            for request in requests {
                let result = Lifecycle.recipientChange(request, from: current)
                guard case .reform(let code) = request.status else { continue }
                if withRecipient.contains(current) {
                    #expect(result == .success(LifecycleChange(state: current, reformCode: code, reasons: request.reasons)), "\(current) \(code)")
                } else {
                    #expect(result.refusal == LifecycleRefusal.illegalTransition, "\(current) \(code)")
                }
            }
        }
    }

    @Test("reasons: mandatory for 206, 207, 208, 210, from their closed lists; 221 only ROUTAGE_ERR; 212 needs MEN with its rate")
    func reasons() {
        func refusal(_ request: StatusRequest) -> String? { Lifecycle.recipientChange(request, from: .miseADisposition).refusal }
        for code in [206, 207, 208, 210] {
            #expect(refusal(StatusRequest(status: .reform(code))) == LifecycleRefusal.missingReason, "\(code)")
            #expect(refusal(StatusRequest(status: .reform(code), reasons: ["PAS_UNE_RAISON"])) == LifecycleRefusal.unknownReason, "\(code)")
        }
        // Each list is its own: a dispute reason is not a suspension reason.
        #expect(refusal(StatusRequest(status: .reform(208), reasons: ["PU_ERR"])) == LifecycleRefusal.unknownReason)
        #expect(refusal(StatusRequest(status: .reform(207), reasons: ["PU_ERR"])) == nil)
        // The public recipients' refusal reasons.
        #expect(refusal(StatusRequest(status: .reform(210), reasons: ["RETRAIT_MAN_SERV"])) == nil)
        #expect(refusal(StatusRequest(status: .reform(210), reasons: ["DOUBLE_FACT", "JUSTIF_ABS"])) == LifecycleRefusal.unknownReason)
        #expect(refusal(StatusRequest(status: .reform(221), reasons: ["AUTRE"])) == LifecycleRefusal.unknownReason)
        #expect(refusal(StatusRequest(status: .reform(212))) == LifecycleRefusal.missingAmount)
        #expect(refusal(StatusRequest(status: .reform(212), amounts: [.init(type: "MEN", value: ExactDecimal(parsing: "10")!)])) == LifecycleRefusal.missingAmount)
        #expect(refusal(StatusRequest(status: .reform(212), amounts: [.init(type: "MPA", value: ExactDecimal(parsing: "10")!, vatRate: ExactDecimal(parsing: "20")!)]))
                == LifecycleRefusal.missingAmount)
        // Chorus Pro: A_RECYCLER, REJETEE and SUSPENDUE need a comment; the others do not.
        for id in [4, 5, 6] {
            #expect(refusal(StatusRequest(status: .chorus(id))) == LifecycleRefusal.missingReason, "\(id)")
            #expect(refusal(StatusRequest(status: .chorus(id), comment: "  \n")) == LifecycleRefusal.missingReason, "\(id)")
        }
        #expect(refusal(StatusRequest(status: .chorus(8), mandate: "M-2026-0042")) == nil)
    }

    @Test("a comment of 2,000 characters passes, one more is refused, not cut")
    func commentLimit() {
        let limit = String(repeating: "é", count: 2000)
        #expect(Lifecycle.recipientChange(StatusRequest(status: .reform(204), comment: limit), from: .miseADisposition).refusal == nil)
        #expect(Lifecycle.recipientChange(StatusRequest(status: .reform(204), comment: limit + "x"), from: .miseADisposition).refusal
                == LifecycleRefusal.commentTooLong)
    }

    @Test("statuses a recipient may not send: the platform's, the supplier's, and codes outside the lifecycle")
    func reservedAndUnknown() {
        func refusal(_ status: StatusRequest.Status) -> String? {
            Lifecycle.recipientChange(StatusRequest(status: status, reasons: ["AUTRE"], comment: "x"), from: .miseADisposition).refusal
        }
        for code in [200, 201, 202, 203, 213, 501, 209] { #expect(refusal(.reform(code)) == LifecycleRefusal.reservedStatus, "\(code)") }
        for id in [1, 2, 3, 12] { #expect(refusal(.chorus(id)) == LifecycleRefusal.reservedStatus, "\(id)") }
        for code in [0, 199, 215, 220, 229, 230, 999] { #expect(refusal(.reform(code)) == LifecycleRefusal.unknownStatus, "\(code)") }
        for id in [0, 13, 41, 90] { #expect(refusal(.chorus(id)) == LifecycleRefusal.unknownStatus, "\(id)") }
    }

    @Test("a re-deposit recycles from A_RECYCLER, completes from SUSPENDUE, and is a duplicate otherwise")
    func redeposits() {
        for state in State.allCases {
            let expected: Lifecycle.Redeposit? = state == .aRecycler ? .recycle : state == .suspendue ? .complete : nil
            #expect(Lifecycle.redeposit(of: state) == expected, "\(state)")
        }
    }
}

extension Result where Failure == LifecycleRefusal {
    /// The refusal's code, nil when accepted.
    var refusal: String? {
        if case .failure(let refusal) = self { return refusal.code }
        return nil
    }
}
