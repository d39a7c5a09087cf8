import { prop, type ResourceRef, resourcesOfType, type StackTemplate } from '../../template/index.ts';
import { isRecord, listOf } from './lookup.ts';

/** An `Allow` statement on every resource (`Resource: "*"`), with the resource that declares it. */
export interface WildcardGrant {
  readonly declaredBy: ResourceRef;
  readonly actions: string[];
}

const INLINE = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'];
const STANDALONE = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'];

/** Every `Allow … Resource: "*"` statement of the IAM policies (standalone and inline) of the stacks. */
export function grantsOnAllResources(stacks: readonly StackTemplate[]): WildcardGrant[] {
  const documents = [
    ...STANDALONE.flatMap((type) =>
      resourcesOfType(stacks, type).map((ref) => ({ ref, document: prop(ref.resource, 'PolicyDocument') })),
    ),
    ...INLINE.flatMap((type) =>
      resourcesOfType(stacks, type).flatMap((ref) =>
        listOf(prop(ref.resource, 'Policies')).map((p) => ({
          ref,
          document: isRecord(p) ? p.PolicyDocument : undefined,
        })),
      ),
    ),
  ];
  return documents.flatMap(({ ref, document }) =>
    listOf(isRecord(document) ? document.Statement : undefined).flatMap((s) =>
      isRecord(s) && s.Effect === 'Allow' && listOf(s.Resource).includes('*')
        ? [{ declaredBy: ref, actions: listOf(s.Action).filter((a): a is string => typeof a === 'string') }]
        : [],
    ),
  );
}

/** True when a principal resource attaches the AWS managed `AdministratorAccess` policy. */
export function attachesAdministratorAccess(ref: ResourceRef): boolean {
  return JSON.stringify(prop(ref.resource, 'ManagedPolicyArns') ?? []).includes(
    ':iam::aws:policy/AdministratorAccess"',
  );
}
