package eu.eevidence.gw.schema;

/**
 * A message that follows an {@link EvidenceRequest} in the same case; its envelope's correlationId names
 * the earlier message. {@link Answer}s come from the executing side (provider, requested State, enforcing
 * authority), {@link FollowUp}s from the requesting side.
 */
public sealed interface LifecycleMessage extends Message permits LifecycleMessage.Answer, LifecycleMessage.FollowUp {

    sealed interface Answer extends LifecycleMessage
            permits Acknowledgement, ClarificationRequest, PreservationConfirmed, ExecutionReport, Refusal,
            Postponement, ImpossibilityNotice, PartialDisclosure, ContentRemoved, UnccPartialDisclosure, HashListApplied {
    }

    sealed interface FollowUp extends LifecycleMessage
            permits ClarificationAnswer, Withdrawal, DeadlineChange, ProductionRequestConfirmation, PreservationExtension, ContentHashList {
    }
}
