export interface Trial {
  id: string;
}
