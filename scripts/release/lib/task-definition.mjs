// A task definition as DescribeTaskDefinition returns it → the RegisterTaskDefinition input of
// the same definition with the application container's image tag replaced.

// Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not accept.
const READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

export function retaggedTaskDefinition(taskDefinition, tag) {
  const [first, ...others] = taskDefinition.containerDefinitions ?? [];
  if (first === undefined || others.length > 0) {
    throw new Error(`${taskDefinition.family}: expected exactly one container definition`);
  }
  const at = first.image.lastIndexOf(':');
  if (at <= first.image.lastIndexOf('/')) throw new Error(`${first.image} has no tag to replace`);
  const toImage = `${first.image.slice(0, at)}:${tag}`;
  const input = Object.fromEntries(
    Object.entries(taskDefinition).filter(([key]) => !READ_ONLY.includes(key)),
  );
  input.containerDefinitions = [{ ...first, image: toImage }];
  return { input, fromImage: first.image, toImage };
}
