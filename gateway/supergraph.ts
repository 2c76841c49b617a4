import { Kind, parse, type ConstDirectiveNode, type EnumTypeDefinitionNode } from 'graphql';

/** The subgraphs a supergraph routes to, read from its `join__Graph` enum. */
export function supergraphServices(supergraphSdl: string): { name: string; url: string }[] {
  const doc = parse(supergraphSdl);
  const graphs = doc.definitions.find(
    (d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph',
  );
  const arg = (d: ConstDirectiveNode, name: string) => {
    const v = d.arguments?.find((a) => a.name.value === name)?.value;
    return v?.kind === Kind.STRING ? v.value : '';
  };
  return (graphs?.values ?? []).flatMap((v) => {
    const d = v.directives?.find((x) => x.name.value === 'join__graph');
    return d ? [{ name: arg(d, 'name'), url: arg(d, 'url') }] : [];
  });
}
