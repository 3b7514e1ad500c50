"""Imports every model module so that Alembic and create_all see the whole schema."""
from diaspora.audit import AuditEvent  # noqa: F401
from diaspora.auth.models import Role, User  # noqa: F401
from diaspora.cv.models import CvDocument  # noqa: F401
from diaspora.investments.models import (  # noqa: F401
    AgentApplication, AgentDocument, AgentReward, ClaimResolution, InvestmentLead, LeadStageChange)
from diaspora.jobs.models import Job, JobStatus  # noqa: F401
from diaspora.mail import QueuedMail  # noqa: F401
from diaspora.matches.models import (  # noqa: F401
    CuratedConcept, CuratedTerm, MatchIndexState, MatchModel, ProfileChange, TermSighting, TermStatus)
from diaspora.members.models import EducationLevel, MemberProfile, MemberWorkMode  # noqa: F401
from diaspora.institutions.models import Institution, InstitutionKind  # noqa: F401
from diaspora.organisations.models import Organisation, OrganisationMember  # noqa: F401
from diaspora.opportunities.models import Opportunity, OpportunityKind, OpportunityStatus, WorkMode  # noqa: F401
from diaspora.notifications.models import (  # noqa: F401
    Notification, NotificationKind, NotificationPreference, OpportunityFitNotice)
from diaspora.programme.models import (  # noqa: F401
    Engagement, EngagementEntry, EngagementStatus, Interest, MatchDecision, Placement, PlacementEvaluation,
    ProgressReport)
from diaspora.projects.models import (  # noqa: F401
    LocalProject, ProjectExpense, ProjectMilestone, ProjectProposal)
from diaspora.tokens.models import ApiToken  # noqa: F401
from diaspora.matches import changes as _index_changes  # noqa: F401  (records profile changes for the index)
from diaspora.matches import vocabulary as _vocabulary  # noqa: F401  (records typed skills no concept reads)
