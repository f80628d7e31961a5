import { DirectoryChangesResolver } from './directory-changes.resolver';
import { DirectoryResolver } from './directory.resolver';
import { OrganisationResolver, ProfessionalResolver, TeamResolver } from './organisation.resolver';
import { organisationRules } from './organisation.rules';

export const organisationsModule = { resolvers: [OrganisationResolver, ProfessionalResolver, TeamResolver, DirectoryResolver, DirectoryChangesResolver], rules: organisationRules };
