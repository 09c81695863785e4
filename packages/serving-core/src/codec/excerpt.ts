const excerptLength = 64;

/**
 * At most 64 characters of client input, for error messages: an error must never echo a body
 * (an 8 MB digit string once came back whole in a 400).
 */
export function excerpt(text: string, maxLength = excerptLength): string {
  return text.length <= maxLength
    ? text
    : `${text.slice(0, maxLength)}… (${text.length} characters)`;
}
