/** Example texts and label lists offered as buttons on the page (the end-to-end test uses the first three). */
export interface Example {
  name: string;
  text: string;
  labels: string[];
  multiLabel?: boolean;
}

export const EXAMPLES: readonly Example[] = [
  {
    name: 'Football',
    text: 'The striker scored twice as United beat City in the derby.',
    labels: ['sports', 'business', 'politics', 'science and technology'],
  },
  {
    name: 'Flood',
    text: 'We have no water and the bridge is down. Please send help to the north district.',
    labels: ['water supply', 'infrastructure', 'medical assistance', 'food', 'shelter'],
    multiLabel: true,
  },
  {
    name: 'Markets',
    text: 'The central bank raised interest rates for the third time this year as inflation stayed high.',
    labels: ['economy', 'sports', 'health', 'technology', 'world news'],
  },
  {
    name: 'Long review (truncated)',
    text: Array.from(
      { length: 6 },
      () => 'I bought this laptop for university and the battery easily lasts a full day of lectures, the keyboard is comfortable and the screen is bright, but the fan gets loud when I compile code and the charger is heavy.',
    ).join(' '),
    labels: ['battery life', 'keyboard', 'screen', 'noise', 'price'],
    multiLabel: true,
  },
];
