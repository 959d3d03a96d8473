/** @module Chunk: Kunder's revenue chart, registered when it loads. */
import { define } from '../define.js';
import { ResellerKitRevenueChart } from '../elements/revenue-chart.js';

define('resellerkit-revenue-chart', ResellerKitRevenueChart);
