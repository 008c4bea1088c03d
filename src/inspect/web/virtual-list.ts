/**
 * A virtualised list of fixed-height rows: only the rows in view (plus a few either side) exist in the
 * DOM, so a 1,000-turn conversation costs the same to draw as a 30-turn one. Rows are absolutely
 * placed inside a spacer as tall as the whole list, so the scrollbar stays true.
 */
export class VirtualList<T> {
  /** The scroll container to put on the page. */
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rowHeight: number;
  private readonly render: (item: T, index: number) => HTMLElement;
  private items: readonly T[] = [];
  private frame = 0;
  private first = -1;
  private last = -1;

  constructor(rowHeight: number, render: (item: T, index: number) => HTMLElement, testid = 'virtual-list') {
    this.rowHeight = rowHeight;
    this.render = render;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    this.element = document.createElement('div');
    this.element.className = 'vl';
    this.element.dataset.testid = testid;
    this.element.append(this.spacer);
    this.element.addEventListener('scroll', () => this.schedule(), { passive: true });
    new ResizeObserver(() => this.schedule()).observe(this.element);
  }

  /** Replaces the items (scroll position kept) and redraws. */
  setItems(items: readonly T[]): void {
    this.items = items;
    this.spacer.style.height = `${items.length * this.rowHeight}px`;
    this.first = -1;
    this.draw();
  }

  /** Scrolls so row `index` is in view. */
  scrollToIndex(index: number): void {
    const top = index * this.rowHeight;
    const view = this.element.clientHeight;
    if (top < this.element.scrollTop || top + this.rowHeight > this.element.scrollTop + view)
      this.element.scrollTop = Math.max(0, top - view / 2);
    this.draw();
  }

  /** Redraws the rows in view (e.g. after a selection changed). */
  refresh(): void {
    this.first = -1;
    this.draw();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const h = this.rowHeight;
    const view = this.element.clientHeight || 600;
    const overscan = 6;
    const first = Math.max(0, Math.floor(this.element.scrollTop / h) - overscan);
    const last = Math.min(this.items.length, Math.ceil((this.element.scrollTop + view) / h) + overscan);
    if (first === this.first && last === this.last) return;
    this.first = first;
    this.last = last;
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = this.render(this.items[i]!, i);
      row.style.top = `${i * h}px`;
      row.style.height = `${h}px`;
      rows.push(row);
    }
    this.spacer.replaceChildren(...rows);
  }
}
